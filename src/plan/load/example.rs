//! A small valid plan, for examples and tests.

use std::path::Path;

/// Writes a small valid plan (id `vd`, 2019–2021, three units, two tasks, two
/// indicators) into `dir`. For examples and tests.
///
/// # Errors
/// Any I/O error from writing the files.
#[doc(hidden)]
pub fn write_example(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("ke-hoach.csv"),
        "khoa,gia_tri\nma,vd\nten,Kế hoạch ví dụ\nso_hieu,1/QĐ-UBND\nngay_ban_hanh,2019-01-02\n\
         co_quan_ban_hanh,Ủy ban nhân dân thành phố\nco_quan_tong_hop,SCT\n\
         noi_nhan,Ủy ban nhân dân thành phố\nhan_bao_cao_6_thang,06-15\nhan_bao_cao_nam,12-15\n\
         tu_nam,2019\nden_nam,2021\n",
    )?;
    std::fs::write(
        dir.join("don-vi.csv"),
        "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n\
         SCT,Sở Công Thương,so,Sở CT;So Cong Thuong,,,\n\
         STP,Sở Tư pháp,so,Sở TP,,,\n\
         QHB,Ủy ban nhân dân quận Hồng Bàng,quan,Quận Hồng Bàng;Hồng Bàng,,2020-12-31,STP\n",
    )?;
    std::fs::write(
        dir.join("nhiem-vu.csv"),
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\n\
         NV1,I. Tuyên truyền,Tuyên truyền kế hoạch,SCT,STP;QHB,thuong_xuyen,\n\
         NV2,II. Thể chế,Rà soát văn bản,STP,SCT,2019-12-31,\n",
    )?;
    std::fs::write(
        dir.join("chi-tieu.csv"),
        "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
         CT1,Số lớp tập huấn,lớp,tong,SCT;STP;QHB,20,tang\n\
         CT2,Kim ngạch xuất khẩu,triệu USD,rieng,SCT,,tang\n",
    )?;
    Ok(())
}
